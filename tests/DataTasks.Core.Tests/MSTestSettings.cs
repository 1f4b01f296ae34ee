// Every test works in its own temp folder and passes configuration its own environment (EnvironmentVariables), so
// methods run in parallel; Workers = 0 means one worker per core.
[assembly: Parallelize(Workers = 0, Scope = ExecutionScope.MethodLevel)]
