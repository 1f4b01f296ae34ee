using System.Runtime.CompilerServices;

namespace DataTasks.TestSupport;

/// <summary>Finds the repository root (the folder holding DataTasks.sln).</summary>
public static class SolutionRoot
{
    /// <summary>
    /// The first folder holding DataTasks.sln above the test assembly, or else above this source file (a test host
    /// may run the assembly from a copy outside the repository).
    /// </summary>
    public static string Find([CallerFilePath] string sourceFile = "")
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Path.GetDirectoryName(sourceFile) ?? string.Empty })
        {
            for (var d = string.IsNullOrEmpty(start) ? null : new DirectoryInfo(start); d is not null; d = d.Parent)
            {
                if (File.Exists(Path.Join(d.FullName, "DataTasks.sln")))
                {
                    return d.FullName;
                }
            }
        }

        throw new AssertFailedException("DataTasks.sln not found above the test assembly or the test sources");
    }
}
