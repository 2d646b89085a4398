"""ATS feeds: the sources file, and fetching each feed over HTTP with timeouts and retries."""
