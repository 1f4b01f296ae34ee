using System.Text.Json;
using DataTasks.Core.Storage;

namespace DataTasks.Cli.Commands;

/// <summary>
/// The "link:" line of status --verbose and config list: which link mode pull uses between the machine cache and this
/// repository's tree (probed once per command), and why the modes before it do not work here.
/// </summary>
internal static class LinkInUse
{
    /// <summary>Probes <paramref name="repository"/>'s link modes (as pull reads them) against the command's cache.</summary>
    public static LinkProbe Probe(CliContext context, Core.DataRepository repository) =>
        LinkProbe.Run(context.Cache, repository.Root, LinkModes.For(repository));

    /// <summary>"link: hardlink (reflink not supported between /cache and /repo)".</summary>
    public static string Line(LinkProbe probe) => $"link: {probe.Describe()}";

    /// <summary>The "link_in_use" object of --json (docs/cli-json.md).</summary>
    public static void Write(Utf8JsonWriter w, LinkProbe probe)
    {
        w.WriteStartObject("link_in_use");
        w.WriteString("order", probe.Order.ToString());
        if (probe.Mode is { } mode)
        {
            w.WriteString("mode", LinkProbe.Name(mode));
        }
        else
        {
            w.WriteNull("mode");
        }

        w.WriteString("cache", probe.CacheDirectory);
        w.WriteString("tree", probe.TreeDirectory);
        w.WriteStartArray("skipped");
        foreach (var s in probe.Skipped)
        {
            w.WriteStartObject();
            w.WriteString("mode", LinkProbe.Name(s.Mode));
            w.WriteString("reason", s.Reason);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }
}
