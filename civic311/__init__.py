"""civic311: an open-source 311 platform for cities."""
