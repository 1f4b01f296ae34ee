namespace DataTasks.Tasks.Tests.Unit;

[TestClass]
public sealed class ProjectFileReaderTests
{
    [TestMethod]
    public void ReadsItemsOfTheProjectAndOfFollowedImports_NotOfTargets()
    {
        var dir = Path.Join(Path.GetTempPath(), "dt-reader-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(Path.Join(dir, "src", "App"));
        try
        {
            File.WriteAllText(Path.Join(dir, "shared.props"), """
                <Project>
                  <ItemGroup Condition="'$(X)' == ''">
                    <DataArtifact Include="data/shared/*.bin" />
                  </ItemGroup>
                </Project>
                """);
            File.WriteAllText(Path.Join(dir, "Directory.Build.props"), """
                <Project>
                  <Import Project="$(MSBuildThisFileDirectory)shared.props" />
                </Project>
                """);
            var project = Path.Join(dir, "src", "App", "App.csproj");
            File.WriteAllText(project, """
                <Project Sdk="Microsoft.NET.Sdk">
                  <ItemGroup>
                    <DataArtifact Include="../../data/m/**/*.onnx;../../data/x.bin" Exclude="../../data/m/old/**" Pack="true">
                      <Link>models/</Link>
                    </DataArtifact>
                  </ItemGroup>
                  <Target Name="T">
                    <ItemGroup><DataArtifact Include="ignored/*.bin" /></ItemGroup>
                  </Target>
                </Project>
                """);

            var items = ProjectFileReader.Read([project, Path.Join(dir, "Directory.Build.props")]);
            Assert.AreEqual(2, items.Count);
            var own = items.Single(i => i.File == project);
            Assert.AreEqual(3, own.Line);
            Assert.AreEqual("../../data/m/old/**", own.Exclude);
            Assert.AreEqual("true", own.Metadata["Pack"]);
            Assert.AreEqual("models/", own.Metadata["Link"]);
            Assert.IsFalse(own.Conditional);
            Assert.IsTrue(items.Single(i => i.File != project).Conditional);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
