"""What a posting is and how we get it."""
