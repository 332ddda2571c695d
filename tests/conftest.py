import pytest


@pytest.fixture(scope="session")
def prefect_stack(tmp_path_factory):
    """One real Prefect server + worker + deployments for the server and browser tests."""
    from flows import stack
    from tests.prefect_api import start_test_stack

    home = tmp_path_factory.mktemp("prefect-stack")
    try:
        yield start_test_stack(home)
    finally:
        stack.down(home, out=lambda line: None)
