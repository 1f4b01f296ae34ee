using DataTasks.Core;

namespace DataTasks.Core.Tests;

[TestClass]
public sealed class SizeFormatTests
{
    [TestMethod]
    [DataRow(0L, "0B")]
    [DataRow(999L, "999B")]
    [DataRow(1000L, "1KB")]
    [DataRow(1500L, "1.5KB")]
    [DataRow(42_000_000L, "42MB")]
    [DataRow(999_999L, "1MB")]
    [DataRow(999_499L, "999KB")]
    [DataRow(9_960L, "10KB")]
    public void Format_RoundsAsPrinted(long bytes, string expected) => Assert.AreEqual(expected, SizeFormat.Format(bytes));
}
