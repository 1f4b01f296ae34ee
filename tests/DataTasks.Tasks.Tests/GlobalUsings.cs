// The selection types moved to their own namespace (src/DataTasks.Tasks/Selection); the unit tests that exercise them
// sit in DataTasks.Tasks.Tests.Unit, which no longer reaches them through its parent namespace.
global using DataTasks.Tasks.Selection;
