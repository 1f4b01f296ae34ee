// Every test works in its own temp folders with its own machine cache and remote, so tests run in parallel.
[assembly: Parallelize(Workers = 0, Scope = ExecutionScope.MethodLevel)]
