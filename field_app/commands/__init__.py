"""Sub-commands of `field-app`, one module each."""
