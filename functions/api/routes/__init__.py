"""The API's routes, one Powertools ``Router`` per context: claims and documents (``claims``), subsidies
(``subsidy``), settlement and the ledger (``settlement``) and the public pages (``public``). Each route reads the
services it needs from the resolver's context (``services``, injected by the handler from the composition root),
never imports an adapter."""
