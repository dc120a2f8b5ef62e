"""Research: parameter sweeps over many seeds, locally or on Dask."""
