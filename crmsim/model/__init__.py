"""The model: scenario, rules, the week, the ledger, the network and the two engines."""
