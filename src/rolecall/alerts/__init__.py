"""Personal role alerts: a saved search whose new matches arrive by DM."""
