namespace DataTasks.Core;

/// <summary>
/// The stable error codes. Numbers never change meaning once released; docs/errors.md lists each with its remedy.
/// DT00xx: usage and repository layout; DT01xx: manifest; DT02xx: configuration and remotes;
/// DT03xx: integrity and transfers; DT04xx: local files; DT05xx: history and gc; DT06xx: the MSBuild SDK;
/// DT07xx: namespaces (export.json); DT08xx: run-time resolve; DT090x: compile-time checks (the analyzer); DT091x: the configuration ladder;
/// DT10xx: link modes (how files go from the machine cache into the tree).
/// </summary>
public static class ErrorCodes
{
    /// <summary>Unknown command, option or bad argument.</summary>
    public const string Usage = "DT0001";
    /// <summary>No artifacts.json found walking up from the working directory.</summary>
    public const string NoRepository = "DT0002";
    /// <summary>A path argument lies outside the repository.</summary>
    public const string PathOutsideRepository = "DT0003";
    /// <summary>A path argument names nothing: no manifest entry and no file.</summary>
    public const string PathNotFound = "DT0004";
    /// <summary>No .datapattern and no explicit path given to add/status.</summary>
    public const string NoPatternFile = "DT0005";
    /// <summary>The -C directory does not exist.</summary>
    public const string NoSuchDirectory = "DT0006";

    /// <summary>Writing an entry would go through a symbolic link that leads outside the repository.</summary>
    public const string PathLeavesRepository = "DT0007";

    /// <summary>artifacts.json is not valid JSON.</summary>
    public const string ManifestInvalidJson = "DT0101";
    /// <summary>artifacts.json has a version other than 2.</summary>
    public const string ManifestUnsupportedVersion = "DT0102";
    /// <summary>artifacts.json has the wrong shape (missing entries, wrong field types).</summary>
    public const string ManifestInvalidShape = "DT0103";
    /// <summary>An entry path is not a valid repository-relative path.</summary>
    public const string ManifestInvalidPath = "DT0104";
    /// <summary>A storage_key is not 64 lowercase hex characters.</summary>
    public const string ManifestInvalidKey = "DT0105";
    /// <summary>Two entries differ only in case, on a case-insensitive file system.</summary>
    public const string ManifestCaseCollision = "DT0106";
    /// <summary>An entry is also the parent folder of another entry (data/x and data/x/y): no file system holds both.</summary>
    public const string ManifestPathConflict = "DT0107";

    /// <summary>A three-way merge of artifacts.json found the same path changed differently on both sides.</summary>
    public const string ManifestMergeConflict = "DT0130";
    /// <summary>artifacts.json holds git's conflict markers (a merge without the DataTasks merge driver).</summary>
    public const string ManifestHasConflictMarkers = "DT0131";
    /// <summary>merge-driver --resolve: artifacts.json is not unmerged in git's index.</summary>
    public const string ManifestNotUnmerged = "DT0132";

    // DT014x: the metadata fields of an entry (description, tags, inputs, metadata).

    /// <summary>An entry of artifacts.json has a description, tags, inputs or metadata field of the wrong JSON type or value.</summary>
    public const string ManifestMetadataInvalid = "DT0140";
    /// <summary>A tag is empty, too long, or holds whitespace or control characters.</summary>
    public const string InvalidTag = "DT0141";
    /// <summary>An input is neither a valid entry path nor <c>namespace:path</c> with a valid namespace name.</summary>
    public const string InvalidInputReference = "DT0142";
    /// <summary>With --strict: an input names no entry of this repository (or of the namespace it names).</summary>
    public const string InputNotFound = "DT0143";
    /// <summary>A metadata key is empty or holds control characters.</summary>
    public const string InvalidMetadataKey = "DT0144";

    /// <summary>No remote is configured.</summary>
    public const string NoRemote = "DT0201";
    /// <summary>The remote URL has a scheme DataTasks does not support.</summary>
    public const string UnsupportedRemote = "DT0202";
    /// <summary>The remote cannot be reached or does not exist.</summary>
    public const string RemoteUnavailable = "DT0203";
    /// <summary>A configuration file is not valid JSON or has the wrong shape.</summary>
    public const string ConfigInvalid = "DT0204";
    /// <summary>An object is missing from the remote.</summary>
    public const string RemoteObjectMissing = "DT0205";
    /// <summary>The remote refused the credentials, or they grant no access (missing, invalid or expired keys, access denied).</summary>
    public const string RemoteAccessDenied = "DT0206";
    /// <summary>A folder remote lies where the repository keeps its own files: the root, .git, .datatasks, data/ or a folder holding entries.</summary>
    public const string RemoteInsideTree = "DT0207";

    // DT0215-DT0219: S3 protocol compatibility (what a strict or older S3-compatible store accepts).

    /// <summary>
    /// The S3 store refused an upload because of its checksum or chunked encoding (streaming trailer checksums,
    /// aws-chunked bodies, flexible checksum headers); the preset, "checksum" or "chunked_encoding" fixes it.
    /// </summary>
    public const string RemoteProtocolUnsupported = "DT0215";

    /// <summary>An object's content does not match its key (remote or cache corruption).</summary>
    public const string ObjectCorrupt = "DT0301";
    /// <summary>A transfer failed.</summary>
    public const string TransferFailed = "DT0302";
    /// <summary>A local file does not match its manifest entry (verify).</summary>
    public const string VerifyMismatch = "DT0303";
    /// <summary>A file changed while it was being hashed or uploaded.</summary>
    public const string FileChangedDuringRead = "DT0304";

    /// <summary>A warning from push: an object the remote already has could not have its date renewed for gc's grace period.</summary>
    public const string RefreshFailed = "DT0305";

    /// <summary>An entry's size in artifacts.json does not match the length of its content (the object or the file with its key).</summary>
    public const string SizeMismatch = "DT0306";

    /// <summary>A warning from push: a pushed object could not also be stored in the machine cache.</summary>
    public const string CacheFillFailed = "DT0320";

    /// <summary>A warning from add --all or push: a stale file (a version the repository knows, not an edit) was not recorded.</summary>
    public const string StaleNotRecorded = "DT0321";

    /// <summary>A local file cannot be read or written.</summary>
    public const string IoError = "DT0401";
    /// <summary>The operation was cancelled.</summary>
    public const string Cancelled = "DT0402";

    /// <summary>rm --delete refused: the file's content is neither on the remote nor in the machine cache, so deleting it would lose it.</summary>
    public const string DeleteWouldLoseContent = "DT0403";

    /// <summary>verify: entries whose files are not on disk, so they could not be verified.</summary>
    public const string NotOnDisk = "DT0404";

    /// <summary>A notice (a warning): a command waits for a lock another live process holds; it names the holder's pid and host.</summary>
    public const string WaitingForLock = "DT0410";

    /// <summary>A warning from add and status: a file .datapattern selects cannot be tracked (its name, or not a regular file) and was skipped.</summary>
    public const string FileSkipped = "DT0411";

    // DT07xx: namespaces (export.json) and extern data.

    /// <summary>export.json is not valid JSON, not an object of namespace to path, or names a bad namespace or path.</summary>
    public const string ExportMapInvalid = "DT0701";

    /// <summary>The namespace is not in export.json.</summary>
    public const string UnknownNamespace = "DT0702";

    /// <summary>A namespace path leaves the monorepo (through .., an absolute path or a symbolic link).</summary>
    public const string NamespaceLeavesMonorepo = "DT0703";

    /// <summary>A namespace path has no artifacts.json.</summary>
    public const string NamespaceNotARepository = "DT0704";

    /// <summary>--extern or --all was asked for, but no export.json exists in this folder or any parent.</summary>
    public const string NoExportMap = "DT0705";

    /// <summary>A namespace path goes round a loop of symbolic links.</summary>
    public const string NamespaceCycle = "DT0706";

    /// <summary>A warning from rm: a removed entry is still used by code or pinned by another namespace's manifest.</summary>
    public const string RemovedEntryStillReferenced = "DT0707";

    // DT08xx: resolving artifacts at run time (the DataTasks library).

    /// <summary>
    /// Network access is off (DATATASKS_OFFLINE=1, $(DataTasksOffline), the Offline option) and something needs the remote:
    /// an object neither on disk nor in the machine cache, or a question only the remote answers. The CLI, the build and
    /// the runtime all report this one code (it replaced the build's DT0602).
    /// </summary>
    public const string OfflineMissing = "DT0801";

    /// <summary>The file on disk differs from its manifest entry; resolve never overwrites it.</summary>
    public const string LocalFileDiffers = "DT0802";

    /// <summary>A path template has a placeholder with no value, or a value that is not a single path segment.</summary>
    public const string TemplateInvalid = "DT0803";

    /// <summary>The path is in no manifest entry (the manifest searched exists).</summary>
    public const string ArtifactNotInManifest = "DT0804";

    /// <summary>The entry has no storage key (added, never pushed) and its file is not on disk.</summary>
    public const string ArtifactNeverPushed = "DT0805";

    /// <summary>There is no manifest to resolve in: no copy next to the app and no repository found, or its artifacts.json is gone.</summary>
    public const string NoManifestToResolveIn = "DT0806";

    /// <summary>The file cannot be provided; the code of a run-time exception created without a more specific one.</summary>
    public const string ArtifactUnavailable = "DT0807";

    /// <summary>
    /// A warning, written once to standard error by the DataTasks library: a resolved entry could not be appended to the
    /// run record that DATATASKS_RUN_RECORD names; the resolve goes on, the run's recorded inputs are incomplete.
    /// </summary>
    public const string RunRecordAppendFailed = "DT0808";

    /// <summary>DataArtifactRun.CompleteAsync could not record the run's outputs (nothing was recorded); the inner exception says why.</summary>
    public const string RunNotRecorded = "DT0809";

    // DT09xx: compile-time checks (the analyzer in the DataTasks package reports these; listed here so they are documented).

    /// <summary>A constant path passed to Resolve is in no manifest (warning).</summary>
    public const string DanglingDataPath = "DT0901";

    /// <summary>A path or namespace passed to Resolve is not a constant and cannot be checked (info).</summary>
    public const string UnverifiedDataPath = "DT0902";

    // DT091x: the configuration ladder (symbols, host overrides, dotnet data config).

    /// <summary>A path value names a $symbol nothing defines (no built-in, no "symbols" entry, no environment variable).</summary>
    public const string ConfigUnknownSymbol = "DT0910";

    /// <summary>User symbols are defined through each other in a circle.</summary>
    public const string ConfigSymbolCycle = "DT0911";

    /// <summary>A key of "hosts" is not a valid host glob.</summary>
    public const string ConfigHostGlobInvalid = "DT0912";

    /// <summary>dotnet data config was given a key that is not a configuration key, or one it cannot set there.</summary>
    public const string ConfigKeyInvalid = "DT0913";

    /// <summary>dotnet data config get or unset: no rung (or not the chosen file) sets the key.</summary>
    public const string ConfigKeyNotSet = "DT0914";

    internal static bool IsUsage(string code) =>
        code.StartsWith("DT00", StringComparison.Ordinal) ||
        code.StartsWith("DT01", StringComparison.Ordinal) ||
        code.StartsWith("DT07", StringComparison.Ordinal) ||
        code is ConfigInvalid or ConfigUnknownSymbol or ConfigSymbolCycle or ConfigHostGlobInvalid or ConfigKeyInvalid or UnsupportedRemote or NoRemote or RemoteInsideTree ||
        code is LinkModeInvalid ||
        code.StartsWith("DT110", StringComparison.Ordinal) ||
        code is ArtifactSelectsNothing or OfflinePushNeedsRemote or NotAGitRepository or BadRevision or InvalidGcSetting or ShallowHistory or PathHasNoHistory ||
        code is RunUsage ||
        code is LineageNoSuchEntry or LineageDepthInvalid or LineageFormatInvalid or LineageDirectionConflict ||
        code is SnapshotNameInvalid or SnapshotExists or SnapshotNotFound or SnapshotManifestUncommitted or SnapshotEntriesUnpushed or SnapshotPrefixInvalid;

    // DT05xx: history (diff, log) and garbage collection (gc).

    /// <summary>git is not installed, or the repository is not inside a git work tree (diff, log, gc need git).</summary>
    public const string NotAGitRepository = "DT0501";
    /// <summary>A revision or range does not name a commit.</summary>
    public const string BadRevision = "DT0502";
    /// <summary>git failed while reading history.</summary>
    public const string GitFailed = "DT0503";
    /// <summary>An invalid gc setting: a duration, date or size that does not parse.</summary>
    public const string InvalidGcSetting = "DT0504";
    /// <summary>gc --prune in a shallow clone, whose history is incomplete.</summary>
    public const string ShallowHistory = "DT0505";
    /// <summary>A warning: gc looks at a narrower scope than every ref (--ref, --since).</summary>
    public const string NarrowGcScope = "DT0506";
    /// <summary>log &lt;path&gt;: the path appears in no version of the manifest.</summary>
    public const string PathHasNoHistory = "DT0507";
    /// <summary>A warning: a manifest version in history is not valid; its keys were read as plain text.</summary>
    public const string HistoricManifestInvalid = "DT0508";

    /// <summary>gc --prune could not delete an object (or a leftover temp object) it meant to delete, say on a read-only remote.</summary>
    public const string GcDeleteFailed = "DT0510";

    // DT052x: git integration (install, hooks).

    /// <summary>The pre-push hook refused a git push whose manifest names content the data remote does not have.</summary>
    public const string PushWouldStrandData = "DT0520";
    /// <summary>install cannot keep an existing hook: another file already has the name it would be kept under.</summary>
    public const string HookConflict = "DT0521";
    /// <summary>A warning from a hook: hydrating after a checkout, merge or rewrite did not finish.</summary>
    public const string HookHydrateIncomplete = "DT0522";

    // DT053x: snapshots (dotnet data snapshot).

    /// <summary>A snapshot name that git refuses as a tag name (after the prefix).</summary>
    public const string SnapshotNameInvalid = "DT0530";
    /// <summary>snapshot create: a snapshot of that name already exists.</summary>
    public const string SnapshotExists = "DT0531";
    /// <summary>No snapshot has that name.</summary>
    public const string SnapshotNotFound = "DT0532";
    /// <summary>snapshot create: artifacts.json differs from HEAD's (or nothing is committed), so HEAD is not what is on disk.</summary>
    public const string SnapshotManifestUncommitted = "DT0533";
    /// <summary>snapshot create: HEAD's manifest has entries that were never pushed (storage_key null).</summary>
    public const string SnapshotEntriesUnpushed = "DT0534";
    /// <summary>The snapshot.prefix setting cannot start a git tag name.</summary>
    public const string SnapshotPrefixInvalid = "DT0535";

    // DT06xx: the MSBuild SDK (DataTasks.Sdk, src/DataTasks.Tasks).

    /// <summary>A &lt;DataArtifact&gt; item (path, folder or glob) selects no entry of artifacts.json.</summary>
    public const string ArtifactSelectsNothing = "DT0601";
    /// <summary>A &lt;DataArtifact&gt; item or a DataTasks* property has a value the SDK cannot use.</summary>
    public const string InvalidBuildSetting = "DT0603";
    /// <summary>The tasks cannot run in this MSBuild (Visual Studio's .NET Framework MSBuild).</summary>
    public const string UnsupportedMSBuild = "DT0604";
    /// <summary>A selected file is not on disk after hydration (hydration off, or a verify found it missing).</summary>
    public const string ArtifactNotHydrated = "DT0605";
    /// <summary>
    /// A &lt;DataArtifact&gt; glob built from properties or under a Condition could not be resolved: MSBuild's
    /// re-evaluation of the project failed, or the glob cannot be read back at all.
    /// </summary>
    public const string GlobEvaluationFailed = "DT0606";
    /// <summary>Network access is off (DATATASKS_OFFLINE=1 or $(DataTasksOffline)), and push needs the remote.</summary>
    public const string OfflinePushNeedsRemote = "DT0607";

    // DT10xx: link modes (how files go from the machine cache into the tree).

    /// <summary>The "link" setting or DATATASKS_LINK is not a list of reflink, hardlink, symlink and copy.</summary>
    public const string LinkModeInvalid = "DT1001";

    // DT1010–DT1019: read pools (read-only folders probed between the machine cache and the remote).

    /// <summary>Warning: a read pool does not exist, is not a folder or cannot be read; it is skipped and the pull goes on.</summary>
    public const string PoolUnavailable = "DT1010";
    /// <summary>Warning: a read pool's copy of an object does not hash to its key; it is skipped and left in the pool.</summary>
    public const string PoolObjectCorrupt = "DT1011";
    /// <summary>The "pools" setting or DATATASKS_POOLS is not a list of folder paths.</summary>
    public const string PoolsInvalid = "DT1012";
    /// <summary>Warning: a read pool's copy of an object cannot be opened or copied; it is skipped.</summary>
    public const string PoolObjectUnreadable = "DT1013";

    // DT1020-DT1024: machine cache and manifest locks.

    /// <summary>
    /// A notice (a warning): a lock file still named a holder that is gone (its pid is not running on this host, its
    /// heartbeat from another host is stale, or the record is unreadable), and this command took the lock over.
    /// </summary>
    public const string StaleLockTakenOver = "DT1020";
    // DT110x: describe, find and annotate usage.

    /// <summary>A --meta option has no '=' between the key and the value.</summary>
    public const string MetaArgumentWithoutEquals = "DT1101";
    /// <summary>annotate --clear names a field other than description, tags, inputs and metadata.</summary>
    public const string UnknownClearField = "DT1102";
    /// <summary>annotate was given no change to make.</summary>
    public const string AnnotateNothing = "DT1103";
    /// <summary>annotate or describe names a path that is no entry of artifacts.json.</summary>
    public const string NoSuchEntry = "DT1104";
    /// <summary>find: --extern and --all together, or --extern names no namespace of export.json.</summary>
    public const string FindScopeInvalid = "DT1105";

    // DT112x: run (the command line's run record).

    /// <summary>run was given no '--', no command after it, positional arguments before it, or an empty --name.</summary>
    public const string RunUsage = "DT1120";
    /// <summary>run: the command cannot be started (not found, not executable); exit 127, nothing added.</summary>
    public const string RunCommandNotStarted = "DT1121";
    /// <summary>run: the command exited non-zero (or was interrupted); its exit code is passed through, nothing added.</summary>
    public const string RunCommandFailed = "DT1122";
    /// <summary>A warning from run: the command deleted the file of an entry; the entry stays in the manifest.</summary>
    public const string RunDeletedEntry = "DT1123";
    /// <summary>A warning from run: a line of the run record is no entry reference; it is not recorded as an input.</summary>
    public const string RunRecordLineInvalid = "DT1124";

    // DT1110-DT1119: lineage.

    /// <summary>lineage names a path that is no entry of artifacts.json.</summary>
    public const string LineageNoSuchEntry = "DT1110";
    /// <summary>lineage --depth is not a whole number from 1.</summary>
    public const string LineageDepthInvalid = "DT1111";
    /// <summary>lineage --format names no format, or contradicts --json.</summary>
    public const string LineageFormatInvalid = "DT1112";
    /// <summary>lineage was given both --up and --down.</summary>
    public const string LineageDirectionConflict = "DT1113";
    /// <summary>Warning: lineage could not read a namespace of export.json; its nodes are shown as unresolved.</summary>
    public const string LineageNamespaceUnreadable = "DT1114";
}
