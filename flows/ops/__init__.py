"""Operating the pipeline: serve, deploy, trigger, status and the sources check."""
