"""Admin pages: the accounts and their roles (`quizapp users role` in the browser)."""
