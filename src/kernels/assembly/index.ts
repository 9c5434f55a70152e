// The WebAssembly module: SIMD kernels behind sepconv's fast paths (built by `npm run build`).
export { gemm, gemmDirect, gemmDirectFloats, packB, packedBFloats, heapBase } from "./gemm";
export { im2col, depthwise4, depthwise1, convChunk } from "./conv";
export { biasChannels, relu, preluChannels } from "./epilogue";
export { expandRows, compactRows, repeatRows } from "./layout";
export { peakProbe } from "./peak";
export { transpose, gemmTN, gemmTNDirect, filterGemm, gemmTNFloats, addInto, convBackInput, convBackFilter, depthwiseBackInput4, depthwiseBackFilter4, sumGroups, channelSums, batchNormSums, batchNormApply, batchNormSumsPooled, batchNormApplyPooled, reluGrad } from "./backward";
export { batchNormMoments, batchNormalize, batchNormalizePool } from "./norm";
export { denseForward, denseBackward } from "./dense";
