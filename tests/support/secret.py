"""The secret key of every service a test builds."""

TEST_SECRET = "test-secret-key-with-enough-characters-0123456789"
