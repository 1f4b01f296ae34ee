namespace DataTasks.Cli.Tests.S3;

/// <summary>Stops the assembly's shared radosgw cluster (<see cref="RadosGateway.SharedAsync"/>) after the last test.</summary>
[TestClass]
public static class RadosGatewayLifetime
{
    [AssemblyCleanup]
    public static async Task StopRadosGatewayAsync() => await RadosGateway.StopSharedAsync();
}
