package com.lambda.tracing.hook;

import java.util.EnumMap;
import java.util.Map;
import software.amazon.cloudformation.HookInvocationPoint;
import software.amazon.cloudformation.proxy.AmazonWebServicesClientProxy;
import software.amazon.cloudformation.proxy.HandlerErrorCode;
import software.amazon.cloudformation.proxy.Logger;
import software.amazon.cloudformation.proxy.OperationStatus;
import software.amazon.cloudformation.proxy.ProgressEvent;
import software.amazon.cloudformation.proxy.hook.HookHandlerRequest;
import software.amazon.cloudformation.proxy.hook.targetmodel.HookTargetModel;

/** The handlers of the hook schema's invocation points, which the wrapper dispatches to. */
final class Handlers {
    private final Map<HookInvocationPoint, BaseHookHandler<CallbackContext, TypeConfigurationModel>> byPoint;

    Handlers(Map<HookInvocationPoint, BaseHookHandler<CallbackContext, TypeConfigurationModel>> byPoint) {
        this.byPoint = new EnumMap<>(byPoint);
    }

    /** preCreate and preUpdate, as the schema's {@code handlers} declare. */
    static Handlers standard() {
        LambdaFunctionHookHandler.Dependencies dependencies = LambdaFunctionHookHandler.Dependencies.standard();
        Map<HookInvocationPoint, BaseHookHandler<CallbackContext, TypeConfigurationModel>> map = new EnumMap<>(HookInvocationPoint.class);
        map.put(HookInvocationPoint.CREATE_PRE_PROVISION, new PreCreateHookHandler(dependencies));
        map.put(HookInvocationPoint.UPDATE_PRE_PROVISION, new PreUpdateHookHandler(dependencies));
        return new Handlers(map);
    }

    ProgressEvent<HookTargetModel, CallbackContext> invoke(AmazonWebServicesClientProxy proxy, HookHandlerRequest request,
                                                           HookInvocationPoint point, CallbackContext callbackContext,
                                                           Logger logger, TypeConfigurationModel typeConfiguration) {
        BaseHookHandler<CallbackContext, TypeConfigurationModel> handler = point == null ? null : byPoint.get(point);
        if (handler == null) {
            return ProgressEvent.<HookTargetModel, CallbackContext>builder()
                    .status(OperationStatus.FAILED)
                    .errorCode(HandlerErrorCode.InvalidRequest)
                    .message(LambdaFunctionHookHandler.TYPE_NAME + " has no handler for invocation point " + point
                            + " (it runs at preCreate and preUpdate)")
                    .build();
        }
        return handler.handleRequest(proxy, request, callbackContext, logger, typeConfiguration);
    }
}
