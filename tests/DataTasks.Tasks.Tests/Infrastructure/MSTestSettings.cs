// The end-to-end tests run real 'dotnet build' processes on a 2-core machine: two at a time keeps both cores busy
// without making each build crawl. Every test has its own folders, cache and remote.
[assembly: Parallelize(Workers = 2, Scope = ExecutionScope.ClassLevel)]
