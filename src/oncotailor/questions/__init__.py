"""Questions to ask the care team, generated from the findings."""
