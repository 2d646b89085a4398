"""Posting-gap insights for recruiters: what candidates ask that the postings do not answer."""
