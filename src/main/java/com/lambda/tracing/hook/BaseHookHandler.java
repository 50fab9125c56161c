package com.lambda.tracing.hook;

import software.amazon.cloudformation.proxy.AmazonWebServicesClientProxy;
import software.amazon.cloudformation.proxy.Logger;
import software.amazon.cloudformation.proxy.ProgressEvent;
import software.amazon.cloudformation.proxy.hook.HookHandlerRequest;
import software.amazon.cloudformation.proxy.hook.targetmodel.HookTargetModel;

/** One invocation point's handler (the shape {@code cfn generate} would write). */
public abstract class BaseHookHandler<CallbackT, ConfigurationT> {

    public abstract ProgressEvent<HookTargetModel, CallbackT> handleRequest(
            AmazonWebServicesClientProxy proxy,
            HookHandlerRequest request,
            CallbackT callbackContext,
            Logger logger,
            ConfigurationT typeConfiguration);
}
