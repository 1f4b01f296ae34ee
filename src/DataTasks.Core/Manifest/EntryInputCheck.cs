using DataTasks.Core.Namespaces;

namespace DataTasks.Core.Manifest;

/// <summary>
/// Whether the inputs an add or annotate records name entries: a local input must be an entry of the manifest (or a
/// path being added with it), a <c>namespace:path</c> input an entry of that namespace's manifest. A dangling input is
/// a warning (DT0143) and is recorded, since the input may be added later; with strict it is an error before anything
/// is written.
/// </summary>
public static class EntryInputCheck
{
    /// <summary>Checks <paramref name="inputs"/>; warnings go to <paramref name="warnings"/>, or the first is thrown when <paramref name="strict"/>.</summary>
    public static void Run(DataRepository repository, DataManifest manifest, IReadOnlyCollection<string> alsoAdded, IEnumerable<string> inputs, bool strict, ICollection<DataTasksException>? warnings)
    {
        ExportMap? map = null;
        var mapRead = false;
        var others = new Dictionary<string, (DataManifest? Manifest, string? Unreadable)>(StringComparer.Ordinal);
        foreach (var text in inputs.Distinct(StringComparer.Ordinal))
        {
            var input = EntryInputReference.Parse(text);
            string? problem = null;
            if (input.Namespace is null)
            {
                if (!manifest.TryGet(input.Path, out _) && !alsoAdded.Contains(input.Path))
                {
                    problem = $"input '{text}' names no entry of {DataManifest.FileName}";
                }
            }
            else
            {
                if (!mapRead)
                {
                    map = ExportMap.Find(repository.Root);
                    mapRead = true;
                }

                if (!others.TryGetValue(input.Namespace, out var opened))
                {
                    try
                    {
                        opened = (map is not null && map.Names.Contains(input.Namespace) ? map.Open(input.Namespace).LoadManifest() : null, null);
                    }
                    catch (DataTasksException ex) when (ex.Code != ErrorCodes.Cancelled)
                    {
                        // A namespace that cannot be read (no artifacts.json yet, an invalid one) is a dangling input
                        // like any other: recorded with a warning, refused only by --strict.
                        opened = (null, $"{ex.Code}: {ex.Message}");
                    }

                    others[input.Namespace] = opened;
                }

                var (other, unreadable) = opened;
                if (other is null && unreadable is not null)
                {
                    problem = $"input '{text}' names namespace '{input.Namespace}', which cannot be read ({unreadable})";
                }
                else if (other is null)
                {
                    problem = map is null
                        ? $"input '{text}' names namespace '{input.Namespace}', but there is no {ExportMap.FileName} above {repository.Root}"
                        : $"input '{text}' names namespace '{input.Namespace}', which {map.File} does not declare";
                }
                else if (!other.TryGet(input.Path, out _))
                {
                    problem = $"input '{text}' names no entry of namespace '{input.Namespace}'";
                }
            }

            if (problem is null)
            {
                continue;
            }

            var error = new DataTasksException(ErrorCodes.InputNotFound, strict ? problem + "; nothing was written" : problem + " (recorded anyway; --strict refuses it)");
            if (strict)
            {
                throw error;
            }

            warnings?.Add(error);
        }
    }
}
