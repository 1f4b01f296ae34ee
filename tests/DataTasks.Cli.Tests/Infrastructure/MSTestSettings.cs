// Every test works in its own temp folders with its own machine cache and remote, so tests run in parallel.
// Four workers on a 2-core machine: most tests spend their time waiting (for child processes, retry back-offs, slowed
// proxy responses, s3rver and radosgw), and the packed-tool test holds one worker for minutes while 'dotnet pack'
// runs; with one worker per core the rest of the suite ran on a single worker (docs/benchmarks.md §4c).
[assembly: Parallelize(Workers = 4, Scope = ExecutionScope.MethodLevel)]
