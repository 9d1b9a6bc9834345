"""Cultural villages: schemes, scoring, the yearly procedure, history, roll-up."""
