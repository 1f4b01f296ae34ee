using System.Runtime.CompilerServices;
using DataTasks.Core;

namespace DataTasks;

/// <summary>
/// Saves, when the process exits, the stat caches of resolvers that deferred a save (see
/// <see cref="DataArtifactResolver"/>'s throttled saving). One process-wide handler over a weak table: a handler per
/// resolver would root every resolver ever made (and its caches) until the process ends; here a resolver the app
/// dropped is collected, and with it the save it no longer needs.
/// </summary>
internal static class StatCachesAtExit
{
    private static readonly ConditionalWeakTable<DataArtifactResolver, object> Pending = new();
    private static readonly object Marker = new();
    private static int hooked;

    /// <summary>Has <paramref name="resolver"/>'s stat caches saved at exit if it is still alive then.</summary>
    public static void Register(DataArtifactResolver resolver)
    {
        Pending.AddOrUpdate(resolver, Marker);
        if (Interlocked.Exchange(ref hooked, 1) == 0)
        {
            AppDomain.CurrentDomain.ProcessExit += (_, _) => SaveAll();
        }
    }

    /// <summary>Saves the stat caches of every registered resolver still alive.</summary>
    internal static void SaveAll()
    {
        foreach (var (resolver, _) in (IEnumerable<KeyValuePair<DataArtifactResolver, object>>)Pending)
        {
            try
            {
                resolver.SaveStatCaches();
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or DataTasksException)
            {
                // A save that cannot happen only costs the next process a re-hash; the other resolvers still save.
            }
        }
    }
}
