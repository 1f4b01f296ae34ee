namespace DataTasks.Core.Patterns;

/// <summary>git's wildmatch flags (<c>wildmatch.h</c>).</summary>
[Flags]
internal enum WildmatchFlags
{
    /// <summary>No flag: <c>*</c> and <c>?</c> match <c>/</c> too (how git matches basename patterns).</summary>
    None = 0,

    /// <summary><c>WM_PATHNAME</c>: <c>*</c>, <c>?</c> and classes never match <c>/</c>; only <c>**</c> next to slashes crosses directories.</summary>
    PathName = 1,

    /// <summary><c>WM_CASEFOLD</c>: ASCII letters match either case (<c>core.ignorecase=true</c>).</summary>
    CaseFold = 2,
}
