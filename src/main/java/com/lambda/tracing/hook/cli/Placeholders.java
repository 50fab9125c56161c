package com.lambda.tracing.hook.cli;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;
import java.util.Map;

/**
 * Realistic stand-ins for what CloudFormation would resolve at deploy time: physical names in CloudFormation's
 * {@code stack-Logical-SUFFIX} style, and the Ref / Fn::GetAtt values of common resource types (role ARNs, queue URLs,
 * subnet ids, ...). Deterministic: the same template gives the same values.
 */
record Placeholders(String stackName, String region, String account) {
    /** Properties that name a resource explicitly, per type. */
    private static final Map<String, String> NAME_PROPERTY = Map.ofEntries(
            Map.entry("AWS::IAM::Role", "RoleName"), Map.entry("AWS::IAM::ManagedPolicy", "ManagedPolicyName"),
            Map.entry("AWS::IAM::InstanceProfile", "InstanceProfileName"), Map.entry("AWS::SQS::Queue", "QueueName"),
            Map.entry("AWS::SNS::Topic", "TopicName"), Map.entry("AWS::S3::Bucket", "BucketName"),
            Map.entry("AWS::Lambda::Function", "FunctionName"), Map.entry("AWS::Lambda::LayerVersion", "LayerName"),
            Map.entry("AWS::DynamoDB::Table", "TableName"), Map.entry("AWS::Logs::LogGroup", "LogGroupName"),
            Map.entry("AWS::SecretsManager::Secret", "Name"), Map.entry("AWS::SSM::Parameter", "Name"),
            Map.entry("AWS::Events::Rule", "Name"), Map.entry("AWS::KMS::Alias", "AliasName"),
            Map.entry("AWS::StepFunctions::StateMachine", "StateMachineName"),
            Map.entry("AWS::Kinesis::Stream", "Name"));

    private static String hash(String s, int length, String alphabet) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
            StringBuilder sb = new StringBuilder();
            for (int i = 0; sb.length() < length; i++) {
                sb.append(alphabet.charAt((d[i % d.length] & 0xff) % alphabet.length()));
            }
            return sb.toString();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    String hex(String logicalId, int length) {
        return hash(stackName + "/" + logicalId, length, "0123456789abcdef");
    }

    /** The physical name CloudFormation generates: {@code stack-Logical-1A2B3C4D5E6F7}, trimmed to 64 characters. */
    String generatedName(String logicalId) {
        String suffix = hash(stackName + "/" + logicalId, 13, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789");
        String base = stackName + "-" + logicalId;
        if (base.length() > 64 - 14) {
            base = base.substring(0, 64 - 14);
        }
        return base + "-" + suffix;
    }

    String name(String logicalId, String type, Map<?, ?> properties) {
        String prop = NAME_PROPERTY.get(type);
        if (prop != null && properties != null && properties.get(prop) instanceof String) {
            return (String) properties.get(prop);
        }
        String n = generatedName(logicalId);
        return type.equals("AWS::S3::Bucket") ? n.toLowerCase(Locale.ROOT) : n;
    }

    String uuid(String logicalId) {
        String h = hex(logicalId, 32);
        return h.substring(0, 8) + "-" + h.substring(8, 12) + "-" + h.substring(12, 16) + "-" + h.substring(16, 20) + "-" + h.substring(20);
    }

    /** What {@code Ref} returns for a resource of this type. */
    String ref(String logicalId, String type, Map<?, ?> properties) {
        String name = name(logicalId, type, properties);
        switch (type) {
            case "AWS::IAM::ManagedPolicy":
                return "arn:aws:iam::" + account + ":policy/" + name;
            case "AWS::SQS::Queue":
                return "https://sqs." + region + ".amazonaws.com/" + account + "/" + name;
            case "AWS::SNS::Topic":
                return "arn:aws:sns:" + region + ":" + account + ":" + name;
            case "AWS::KMS::Key":
                return uuid(logicalId);
            case "AWS::KMS::Alias":
                return name.startsWith("alias/") ? name : "alias/" + name;
            case "AWS::Lambda::LayerVersion":
                return "arn:aws:lambda:" + region + ":" + account + ":layer:" + name + ":1";
            case "AWS::Lambda::CodeSigningConfig":
                return codeSigningConfigArn(logicalId);
            case "AWS::Lambda::Version":
                return "arn:aws:lambda:" + region + ":" + account + ":function:" + name + ":1";
            case "AWS::EC2::VPC":
                return "vpc-" + hex(logicalId, 17);
            case "AWS::EC2::Subnet":
                return "subnet-" + hex(logicalId, 17);
            case "AWS::EC2::SecurityGroup":
                return "sg-" + hex(logicalId, 17);
            case "AWS::EFS::FileSystem":
                return "fs-" + hex(logicalId, 17);
            case "AWS::EFS::AccessPoint":
                return "fsap-" + hex(logicalId, 17);
            case "AWS::SecretsManager::Secret":
                return "arn:aws:secretsmanager:" + region + ":" + account + ":secret:" + name + "-" + hex(logicalId, 6);
            case "AWS::StepFunctions::StateMachine":
                return "arn:aws:states:" + region + ":" + account + ":stateMachine:" + name;
            case "AWS::Signer::SigningProfile":
                return "arn:aws:signer:" + region + ":" + account + ":/signing-profiles/" + name.replace("-", "");
            default:
                return name;
        }
    }

    private String codeSigningConfigArn(String logicalId) {
        return "arn:aws:lambda:" + region + ":" + account + ":code-signing-config:csc-" + hex(logicalId, 17);
    }

    /** What {@code Fn::GetAtt} returns for this attribute of a resource of this type. */
    String getAtt(String logicalId, String type, Map<?, ?> properties, String attribute) {
        String name = name(logicalId, type, properties);
        String service = type.split("::").length > 1 ? type.split("::")[1].toLowerCase(Locale.ROOT) : "unknown";
        switch (type + "." + attribute) {
            case "AWS::IAM::Role.Arn":
                return "arn:aws:iam::" + account + ":role/" + name;
            case "AWS::IAM::Role.RoleId":
                return "AROA" + hash(logicalId, 17, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567");
            case "AWS::IAM::InstanceProfile.Arn":
                return "arn:aws:iam::" + account + ":instance-profile/" + name;
            case "AWS::IAM::ManagedPolicy.PolicyArn":
                return "arn:aws:iam::" + account + ":policy/" + name;
            case "AWS::SQS::Queue.Arn":
                return "arn:aws:sqs:" + region + ":" + account + ":" + name;
            case "AWS::SQS::Queue.QueueName":
                return name;
            case "AWS::SQS::Queue.QueueUrl":
                return ref(logicalId, type, properties);
            case "AWS::SNS::Topic.TopicArn":
                return ref(logicalId, type, properties);
            case "AWS::SNS::Topic.TopicName":
                return name;
            case "AWS::S3::Bucket.Arn":
                return "arn:aws:s3:::" + name;
            case "AWS::S3::Bucket.DomainName":
                return name + ".s3.amazonaws.com";
            case "AWS::S3::Bucket.RegionalDomainName":
                return name + ".s3." + region + ".amazonaws.com";
            case "AWS::KMS::Key.Arn":
                return "arn:aws:kms:" + region + ":" + account + ":key/" + uuid(logicalId);
            case "AWS::KMS::Key.KeyId":
                return uuid(logicalId);
            case "AWS::Lambda::Function.Arn":
                return "arn:aws:lambda:" + region + ":" + account + ":function:" + name;
            case "AWS::Lambda::LayerVersion.LayerVersionArn":
                return ref(logicalId, type, properties);
            case "AWS::Lambda::CodeSigningConfig.CodeSigningConfigArn":
                return codeSigningConfigArn(logicalId);
            case "AWS::Lambda::CodeSigningConfig.CodeSigningConfigId":
                return "csc-" + hex(logicalId, 17);
            case "AWS::EC2::SecurityGroup.GroupId":
                return ref(logicalId, type, properties);
            case "AWS::EC2::VPC.CidrBlock":
                return "10.0.0.0/16";
            case "AWS::EC2::VPC.DefaultSecurityGroup":
                return "sg-" + hex(logicalId + ".default", 17);
            case "AWS::EFS::FileSystem.Arn":
                return "arn:aws:elasticfilesystem:" + region + ":" + account + ":file-system/" + ref(logicalId, type, properties);
            case "AWS::EFS::AccessPoint.Arn":
                return "arn:aws:elasticfilesystem:" + region + ":" + account + ":access-point/" + ref(logicalId, type, properties);
            case "AWS::EFS::AccessPoint.AccessPointId":
                return ref(logicalId, type, properties);
            case "AWS::Logs::LogGroup.Arn":
                return "arn:aws:logs:" + region + ":" + account + ":log-group:" + name + ":*";
            case "AWS::DynamoDB::Table.Arn":
                return "arn:aws:dynamodb:" + region + ":" + account + ":table/" + name;
            case "AWS::DynamoDB::Table.StreamArn":
                return "arn:aws:dynamodb:" + region + ":" + account + ":table/" + name + "/stream/2024-01-01T00:00:00.000";
            case "AWS::SecretsManager::Secret.Id":
                return ref(logicalId, type, properties);
            case "AWS::Events::Rule.Arn":
                return "arn:aws:events:" + region + ":" + account + ":rule/" + name;
            case "AWS::Kinesis::Stream.Arn":
                return "arn:aws:kinesis:" + region + ":" + account + ":stream/" + name;
            case "AWS::Signer::SigningProfile.ProfileVersionArn":
                return ref(logicalId, type, properties) + "/" + hex(logicalId, 10);
            case "AWS::Signer::SigningProfile.Arn":
                return ref(logicalId, type, properties);
            default:
                break;
        }
        if (attribute.endsWith("Arn")) {
            String kind = type.split("::").length > 2 ? type.split("::")[2].toLowerCase(Locale.ROOT) : "resource";
            return "arn:aws:" + service + ":" + region + ":" + account + ":" + kind + "/" + name;
        }
        if (attribute.endsWith("Id")) {
            return hex(logicalId + "." + attribute, 17);
        }
        return name + "-" + attribute;
    }
}
