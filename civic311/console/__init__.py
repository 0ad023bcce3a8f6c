"""The staff console: call-taking for 311 agents and work queues for
departments, at /console/."""
