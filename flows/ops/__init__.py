"""Operating the flows locally: the Prefect stack (server, worker, deployments) and the
temporary API server of an in-process run."""
