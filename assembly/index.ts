// Entry of the wasm kernels (built by scripts/build-wasm.mjs). Every function takes byte
// pointers into the imported memory and allocates nothing.
export { gemm } from './gemm';
export { panelsSize, packPanels, gemmPanelsNT } from './gemm-panels';
export { i8Size, packI8, gemmI8NT, setRelaxedDot } from './gemm-i8';
export { scratchBytes, setScratch } from './scratch';
export { rnnCell, rnnCellBackward, lstmCell, lstmCellBackward, gruCell, gruCellBackward } from './cells';
export { softmaxXent, softmax } from './softmax';
export { addBias, sumRows, embed, embedBackward, sumSquares, streamSum, scale, clampAbs, adam } from './vector';
