// Every test here starts server processes and some time a recovery on a 2-core machine: one at a time, so that one
// test's load does not become another's failure.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
