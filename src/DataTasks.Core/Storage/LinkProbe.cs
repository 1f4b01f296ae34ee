namespace DataTasks.Core.Storage;

/// <summary>
/// Which link mode pull would use between a machine cache and a tree, found by trying each mode of the order once on a
/// one-byte probe file in the cache folder (removed again): what status --verbose and config list show, so a fallback
/// (another file system, a file system without clones) is said once instead of discovered per file.
/// </summary>
/// <param name="Order">The modes the configuration asks for, first to last.</param>
/// <param name="Mode">The first that works here; null when none does (pull then fails, DT0401).</param>
/// <param name="Skipped">The modes before it that do not work, each with why.</param>
/// <param name="CacheDirectory">The cache folder probed.</param>
/// <param name="TreeDirectory">The tree folder probed.</param>
public sealed record LinkProbe(LinkModes Order, LinkMode? Mode, IReadOnlyList<SkippedLinkMode> Skipped, string CacheDirectory, string TreeDirectory)
{
    /// <summary>The one-line description: "hardlink (reflink not supported between /cache and /repo)".</summary>
    public string Describe()
    {
        var name = Mode is { } mode ? Name(mode) : $"none of {Order} works here; pull fails until \"{LinkModes.SettingName}\" ends with copy";
        return Skipped.Count == 0 ? name : $"{name} ({string.Join("; ", Skipped.Select(s => s.Reason))})";
    }

    /// <summary>Tries the modes of <paramref name="order"/> between <paramref name="cache"/> and <paramref name="treeDirectory"/>, stopping at the first that works.</summary>
    public static LinkProbe Run(MachineCache cache, string treeDirectory, LinkModes order)
    {
        ArgumentNullException.ThrowIfNull(cache);
        ArgumentNullException.ThrowIfNull(order);
        var tree = Path.GetFullPath(treeDirectory);
        var skipped = new List<SkippedLinkMode>();
        var probe = Path.Join(cache.Directory, $".link-probe-{Guid.NewGuid():N}.tmp");
        var target = Path.Join(tree, $".link-probe-{Guid.NewGuid():N}.tmp");
        try
        {
            Directory.CreateDirectory(cache.Directory);
            File.WriteAllBytes(probe, [0]);
            foreach (var mode in order.Order)
            {
                if (Works(mode, probe, target))
                {
                    return new LinkProbe(order, mode, skipped, cache.Directory, tree);
                }

                skipped.Add(new SkippedLinkMode(mode, Why(mode, cache.Directory, tree)));
                AtomicFile.TryDelete(target);
            }

            return new LinkProbe(order, null, skipped, cache.Directory, tree);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // The cache folder cannot be written: pull could not fill it either, so only a copy from elsewhere works.
            return new LinkProbe(order, order.Order.Contains(LinkMode.Copy) ? LinkMode.Copy : null,
                [new SkippedLinkMode(order.Order[0], $"cannot write a probe file in {cache.Directory}: {ex.Message}")], cache.Directory, tree);
        }
        finally
        {
            AtomicFile.TryDelete(probe);
            AtomicFile.TryDelete(target);
        }
    }

    private static bool Works(LinkMode mode, string probe, string target)
    {
        switch (mode)
        {
            case LinkMode.Hardlink:
                return FileLinks.TryCreateHardLink(probe, target);
            case LinkMode.Symlink:
                try
                {
                    File.CreateSymbolicLink(target, probe);
                    return true;
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                {
                    return false;
                }

            case LinkMode.Reflink:
                using (var source = new FileStream(probe, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete))
                using (var destination = new FileStream(target, FileMode.CreateNew, FileAccess.Write, FileShare.None))
                {
                    return FileLinks.TryClone(source.SafeFileHandle, destination.SafeFileHandle);
                }

            default:
                return true;
        }
    }

    private static string Why(LinkMode mode, string cache, string tree)
    {
        var apart = FileIdentity.TryGet(cache) is { } c && FileIdentity.TryGet(tree) is { } t && c.Device != t.Device;
        return mode switch
        {
            LinkMode.Reflink => $"reflink not supported between {cache} and {tree}{(apart ? " (different file systems)" : "")}",
            LinkMode.Hardlink => $"hardlink not possible between {cache} and {tree}{(apart ? " (different file systems)" : "")}",
            _ => $"symlink not supported in {tree}",
        };
    }

    /// <summary>The lower-case name the configuration uses.</summary>
    public static string Name(LinkMode mode) => mode.ToString().ToLowerInvariant();
}

/// <summary>A link mode the probe found unusable here.</summary>
/// <param name="Mode">The mode.</param>
/// <param name="Reason">Why, for people: "reflink not supported between /cache and /repo".</param>
public sealed record SkippedLinkMode(LinkMode Mode, string Reason);
