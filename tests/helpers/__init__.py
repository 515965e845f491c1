"""What the tests share that is not a fixture: paths, the fake Bot API, the bot runner, made-up documents."""
