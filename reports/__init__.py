"""Personal trend reports: cramps against intake, hydration and exercise."""
