namespace DataTasks.Core.History;

/// <summary>One commit that changed the manifest, with the entry changes it made.</summary>
/// <param name="Hash">The full commit hash.</param>
/// <param name="AuthorName">The author's name.</param>
/// <param name="AuthorEmail">The author's email.</param>
/// <param name="AuthorDate">When it was authored.</param>
/// <param name="Subject">The first line of its message.</param>
/// <param name="Changes">The entries it added, removed, modified or renamed (those in scope only), in path order.</param>
/// <param name="Problem">Set when the manifest before or after this commit is not valid, so its changes are unknown.</param>
public sealed record ManifestCommit(string Hash, string AuthorName, string AuthorEmail, DateTimeOffset AuthorDate, string Subject, IReadOnlyList<EntryChange> Changes, DataTasksException? Problem);
