// The layer constructors, as the `layers` namespace: layers.conv2d({ filters, kernelSize }),
// in Keras' (and tf.layers') terms.
export { activationLayer as activation } from "./activation";
export { batchNormalizationLayer as batchNormalization } from "./batch-normalization";
export { conv2dLayer as conv2d } from "./conv2d";
export { denseLayer as dense } from "./dense";
export { depthwiseConv2dLayer as depthwiseConv2d } from "./depthwise-conv2d";
export { globalAveragePooling2dLayer as globalAveragePooling2d } from "./global-average-pooling2d";
export { separableConv2dLayer as separableConv2d } from "./separable-conv2d";
