"""Application services: the use cases that compose the domain's contexts (accept a claim, confirm a review,
run a settlement step) over the domain's ports, and the composition root (``wiring``) that binds the ports to the
adapters. The only layer where two contexts meet and where adapters are chosen."""
