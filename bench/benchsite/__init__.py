"""The site the benchmark serves: civic311 plus two comparison endpoints."""
