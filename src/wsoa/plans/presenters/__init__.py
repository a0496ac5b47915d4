"""What the plan pages show, built from a bounded number of queries."""
