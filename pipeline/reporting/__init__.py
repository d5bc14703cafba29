"""Reports of funded projects: activity records, the figures computed from them, charts, checks and generated chapters."""
