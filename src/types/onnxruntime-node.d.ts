// onnxruntime-node 1.20.1 (pinned: its linux-x64 runtime is 19 MB against 45 MB in 1.30, which keeps
// the VSIX under 25 MB) ships without its .d.ts; its API is onnxruntime-common's, re-exported.
declare module 'onnxruntime-node' {
  export * from 'onnxruntime-common';
}
