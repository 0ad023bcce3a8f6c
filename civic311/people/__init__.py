"""City staff: their roles, their departments, what each may do."""
