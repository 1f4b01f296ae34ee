using DataTasks.Core.Manifest;

namespace DataTasks.Cli.Commands;

/// <summary>The metadata options add and annotate share, read into a validated <see cref="EntryAnnotation"/>.</summary>
internal static class AnnotationOptions
{
    /// <summary>--description, --tag, --input, --meta; and for annotate --untag, --unmeta, --clear.</summary>
    public static EntryAnnotation Read(ArgumentReader args, bool annotate) =>
        EntryAnnotation.Create(
            args.Option("--description"),
            args.Options("--tag"),
            args.Options("--input"),
            args.Options("--meta"),
            annotate ? args.Options("--untag") : null,
            annotate ? args.Options("--unmeta") : null,
            annotate ? args.Options("--clear") : null);
}
