package com.lambda.tracing.hook.transform;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LanguageExtensionsTest {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private static ObjectNode template(String yaml) {
        try {
            return (ObjectNode) YAML.readTree("Transform: AWS::LanguageExtensions\n" + yaml);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static ObjectNode apply(String yaml) {
        return LanguageExtensions.apply(template(yaml), Map.of(), "eu-west-1");
    }

    private static String error(String yaml) {
        return assertThrows(LanguageExtensionsException.class, () -> apply(yaml)).getMessage();
    }

    private static JsonNode json(String text) {
        try {
            return new ObjectMapper().readTree(text);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException(e);
        }
    }

    @Test
    void aLoopInResourcesGeneratesOneResourcePerItemAndRefToTheIdentifierBecomesTheItem() {
        LanguageExtensions.Result r = LanguageExtensions.process(template(String.join("\n",
                "Resources:",
                "  Fn::ForEach::Functions:",
                "    - Name",
                "    - [Orders, Users]",
                "    - ${Name}Function:",
                "        Type: AWS::Lambda::Function",
                "        Properties:",
                "          FunctionName: {Ref: Name}",
                "          Description: handles ${Name}",
                "          Role: {Fn::Sub: 'arn:aws:iam::${AWS::AccountId}:role/${Name}'}",
                "  Plain:",
                "    Type: AWS::SNS::Topic")), Map.of(), "eu-west-1");
        JsonNode res = r.template().get("Resources");
        assertEquals(List.of("OrdersFunction", "UsersFunction", "Plain"), names(res));
        assertEquals("Users", res.at("/UsersFunction/Properties/FunctionName").asText());
        assertEquals("handles Orders", res.at("/OrdersFunction/Properties/Description").asText());
        assertEquals("arn:aws:iam::${AWS::AccountId}:role/Users", res.at("/UsersFunction/Properties/Role/Fn::Sub").asText());
        assertEquals(Map.of("OrdersFunction", "Fn::ForEach::Functions", "UsersFunction", "Fn::ForEach::Functions"), r.origins());
        assertFalse(r.template().has("Transform"), "the transform is done: it leaves the Transform section");
    }

    @Test
    void theCollectionMayBeARefToACommaDelimitedListParameterWithItsDefaultOrTheGivenValue() {
        String yaml = String.join("\n",
                "Parameters:",
                "  Queues: {Type: CommaDelimitedList, Default: 'a,b'}",
                "Resources:",
                "  Fn::ForEach::Queues2:",
                "    - Q",
                "    - {Ref: Queues}",
                "    - Queue${Q}: {Type: AWS::SQS::Queue}");
        assertEquals(List.of("Queuea", "Queueb"), names(apply(yaml).get("Resources")));
        ObjectNode given = LanguageExtensions.apply(template(yaml), Map.of("Queues", "x,y,z"), "eu-west-1");
        assertEquals(List.of("Queuex", "Queuey", "Queuez"), names(given.get("Resources")));
    }

    @Test
    void ampersandBracesLeaveOutTheCharactersALogicalIdCannotHold() {
        JsonNode res = apply(String.join("\n",
                "Resources:",
                "  Fn::ForEach::Vpcs:",
                "    - Cidr",
                "    - [10.0.0.0/16, 10.1.0.0/16]",
                "    - Vpc&{Cidr}:",
                "        Type: AWS::EC2::VPC",
                "        Properties: {CidrBlock: {Ref: Cidr}, Tag: '${Cidr} &{Cidr}'}")).get("Resources");
        assertEquals(List.of("Vpc1000016", "Vpc1010016"), names(res));
        assertEquals("10.1.0.0/16", res.at("/Vpc1010016/Properties/CidrBlock").asText());
        assertEquals("10.0.0.0/16 1000016", res.at("/Vpc1000016/Properties/Tag").asText());
    }

    @Test
    void nestedLoopsExpandWithBothIdentifiersAndAnFnSubInsideRefResolvesToTheName() {
        JsonNode res = apply(String.join("\n",
                "Resources:",
                "  Vpc: {Type: AWS::EC2::VPC}",
                "  Fn::ForEach::SubnetResources:",
                "    - Prefix",
                "    - [Transit, Public]",
                "    - Nacl${Prefix}Subnet: {Type: AWS::EC2::NetworkAcl}",
                "      Fn::ForEach::LoopInner:",
                "        - Suffix",
                "        - [A, B]",
                "        - ${Prefix}Subnet${Suffix}: {Type: AWS::EC2::Subnet}",
                "          Nacl${Prefix}Subnet${Suffix}Association:",
                "            Type: AWS::EC2::SubnetNetworkAclAssociation",
                "            Properties:",
                "              SubnetId: {Ref: {Fn::Sub: '${Prefix}Subnet${Suffix}'}}",
                "              NetworkAclId: {Fn::GetAtt: [{Fn::Sub: 'Nacl${Prefix}Subnet'}, Id]}")).get("Resources");
        assertEquals(List.of("Vpc", "NaclTransitSubnet", "TransitSubnetA", "NaclTransitSubnetAAssociation",
                "TransitSubnetB", "NaclTransitSubnetBAssociation", "NaclPublicSubnet", "PublicSubnetA",
                "NaclPublicSubnetAAssociation", "PublicSubnetB", "NaclPublicSubnetBAssociation"), names(res));
        assertEquals(json("{\"Ref\":\"PublicSubnetB\"}"), res.at("/NaclPublicSubnetBAssociation/Properties/SubnetId"));
        assertEquals(json("{\"Fn::GetAtt\":[\"NaclTransitSubnet\",\"Id\"]}"),
                res.at("/NaclTransitSubnetAAssociation/Properties/NetworkAclId"));
    }

    @Test
    void aLoopInPropertiesWithFindInMapDefaultNoValueLeavesOutTheMissingProperties() {
        JsonNode res = apply(String.join("\n",
                "Mappings:",
                "  Fn:",
                "    Props: {Runtime: python3.12, MemorySize: 256}",
                "Resources:",
                "  Function:",
                "    Type: AWS::Lambda::Function",
                "    Properties:",
                "      Handler: index.handler",
                "      Fn::ForEach::Props:",
                "        - P",
                "        - [Runtime, MemorySize, Timeout]",
                "        - ${P}: {Fn::FindInMap: [Fn, Props, {Ref: P}, {DefaultValue: {Ref: AWS::NoValue}}]}")).get("Resources");
        assertEquals(json("{\"Handler\":\"index.handler\",\"Runtime\":\"python3.12\",\"MemorySize\":256}"),
                res.at("/Function/Properties"));
    }

    @Test
    void loopsWorkInConditionsAndOutputs() {
        ObjectNode t = apply(String.join("\n",
                "Parameters:",
                "  ParamA: {Type: String, Default: 'true'}",
                "  ParamB: {Type: String, Default: 'false'}",
                "Conditions:",
                "  Fn::ForEach::Checks:",
                "    - Id",
                "    - [A, B]",
                "    - IsParam${Id}Enabled: {Fn::Equals: [{Ref: {Fn::Sub: 'Param${Id}'}}, 'true']}",
                "Resources:",
                "  Fn::ForEach::Buckets:",
                "    - Id",
                "    - [A, B]",
                "    - Bucket${Id}: {Type: AWS::S3::Bucket}",
                "Outputs:",
                "  Fn::ForEach::BucketOutputs:",
                "    - Id",
                "    - [A, B]",
                "    - Fn::ForEach::Attributes:",
                "        - Attribute",
                "        - [Arn, DomainName]",
                "        - Bucket${Id}${Attribute}:",
                "            Value: {Fn::GetAtt: [{Fn::Sub: 'Bucket${Id}'}, {Ref: Attribute}]}"));
        assertEquals(json("{\"Fn::Equals\":[{\"Ref\":\"ParamB\"},\"true\"]}"), t.at("/Conditions/IsParamBEnabled"));
        assertEquals(List.of("BucketAArn", "BucketADomainName", "BucketBArn", "BucketBDomainName"), names(t.get("Outputs")));
        assertEquals(json("{\"Fn::GetAtt\":[\"BucketB\",\"DomainName\"]}"), t.at("/Outputs/BucketBDomainName/Value"));
    }

    @Test
    void fnLengthCountsAListAListParameterOrWhatAFunctionReturns() {
        JsonNode p = apply(String.join("\n",
                "Parameters:",
                "  Subnets: {Type: CommaDelimitedList, Default: 'a,b,c'}",
                "Resources:",
                "  Queue:",
                "    Type: AWS::SQS::Queue",
                "    Properties:",
                "      A: {Fn::Length: [1, {Ref: Queue}, 3, {Ref: AWS::NoValue}]}",
                "      B: {Fn::Length: {Ref: Subnets}}",
                "      C: {Fn::Length: {Fn::Split: ['|', 'a|b|c|d']}}")).at("/Resources/Queue/Properties");
        assertEquals(json("{\"A\":3,\"B\":3,\"C\":4}"), p);
        assertTrue(error(String.join("\n",
                "Resources:",
                "  Queue:",
                "    Type: AWS::SQS::Queue",
                "    Properties: {A: {Fn::Length: {Fn::GetAtt: [Vpc, Ips]}}}"))
                .contains("Resources/Queue: Fn::Length needs a list known before deployment"));
    }

    @Test
    void fnToJsonStringIsTheJsonTextAndWhatIsKnownOnlyAtDeployTimeBecomesAnFnSubVariable() {
        JsonNode p = apply(String.join("\n",
                "Parameters:",
                "  Stage: {Type: String, Default: prod}",
                "Resources:",
                "  Queue:",
                "    Type: AWS::SQS::Queue",
                "    Properties:",
                "      Known: {Fn::ToJsonString: {key1: value1, key2: {Ref: Stage}, n: [1, true]}}",
                "      Runtime: {Fn::ToJsonString: {arn: {Fn::GetAtt: [Topic, Arn]}, literal: '${x}'}}")).at("/Resources/Queue/Properties");
        assertEquals("{\"key1\":\"value1\",\"key2\":\"prod\",\"n\":[1,true]}", p.get("Known").asText());
        assertEquals(json("{\"Fn::Sub\":[\"{\\\"arn\\\":\\\"${ToJsonString1}\\\",\\\"literal\\\":\\\"${!x}\\\"}\","
                + "{\"ToJsonString1\":{\"Fn::GetAtt\":[\"Topic\",\"Arn\"]}}]}"), p.get("Runtime"));
    }

    @Test
    void deletionAndUpdateReplacePoliciesMayBeARefToAParameterOrAnFnIf() {
        String yaml = String.join("\n",
                "Parameters:",
                "  Policy: {Type: String, Default: Retain}",
                "  Stage: {Type: String, Default: dev}",
                "Conditions:",
                "  IsProd: {Fn::Equals: [{Ref: Stage}, prod]}",
                "Resources:",
                "  Table:",
                "    Type: AWS::DynamoDB::Table",
                "    DeletionPolicy: {Ref: Policy}",
                "    UpdateReplacePolicy: {Fn::If: [IsProd, Retain, Delete]}");
        JsonNode table = apply(yaml).at("/Resources/Table");
        assertEquals("Retain", table.get("DeletionPolicy").asText());
        assertEquals("Delete", table.get("UpdateReplacePolicy").asText());
        JsonNode prod = LanguageExtensions.apply(template(yaml), Map.of("Stage", "prod", "Policy", "Snapshot"), "eu-west-1")
                .at("/Resources/Table");
        assertEquals("Snapshot", prod.get("DeletionPolicy").asText());
        assertEquals("Retain", prod.get("UpdateReplacePolicy").asText());
        String bad = assertThrows(LanguageExtensionsException.class, () -> LanguageExtensions.apply(template(yaml),
                Map.of("Policy", "Keep"), "eu-west-1")).getMessage();
        assertEquals("AWS::LanguageExtensions: Resources/Table: DeletionPolicy resolves to 'Keep', which is not one of"
                + " [Delete, Retain, RetainExceptOnCreate, Snapshot]", bad);
        assertTrue(error(String.join("\n",
                "Resources:",
                "  Table:",
                "    Type: AWS::DynamoDB::Table",
                "    DeletionPolicy: {Fn::GetAtt: [Other, Policy]}")).contains("DeletionPolicy {\"Fn::GetAtt\":[\"Other\",\"Policy\"]} must resolve before deployment"));
    }

    @Test
    void aValueThatNeedsAParameterWithoutValueSaysWhichParameter() {
        assertEquals("AWS::LanguageExtensions: Resources/Table: DeletionPolicy {\"Ref\":\"Policy\"} must resolve before"
                + " deployment (Ref to a parameter, Fn::If, Fn::FindInMap) (the parameter Policy has no Default and no"
                + " value was given)", error(String.join("\n",
                "Parameters:",
                "  Policy: {Type: String}",
                "  Unused: {Type: String}",
                "Resources:",
                "  Table: {Type: AWS::DynamoDB::Table, DeletionPolicy: {Ref: Policy}}")));
    }

    @Test
    void fnFindInMapWithDefaultValueAndIntrinsicKeysResolvesAndTheConditionAttributeToo() {
        ObjectNode t = apply(String.join("\n",
                "Parameters:",
                "  Keys: {Type: String, Default: 'Prod|x'}",
                "Mappings:",
                "  Sizes: {Prod: {Memory: 1024}}",
                "  Nat: {Condition: {B: HasTwo}}",
                "Conditions:",
                "  HasTwo: {Fn::Equals: [a, a]}",
                "Resources:",
                "  Fn::ForEach::Nat:",
                "    - Id",
                "    - [A, B]",
                "    - Nat${Id}:",
                "        Type: AWS::EC2::NatGateway",
                "        Condition: {Fn::FindInMap: [Nat, Condition, {Ref: Id}, {DefaultValue: {Ref: AWS::NoValue}}]}",
                "        Properties:",
                "          Memory: {Fn::FindInMap: [Sizes, {Fn::Select: [0, {Fn::Split: ['|', {Ref: Keys}]}]}, Memory]}",
                "          Other: {Fn::FindInMap: [Sizes, Dev, Memory, {DefaultValue: 128}]}",
                "          Plain: {Fn::FindInMap: [Sizes, Prod, Memory]}"));
        JsonNode res = t.get("Resources");
        assertFalse(res.get("NatA").has("Condition"));
        assertEquals("HasTwo", res.at("/NatB/Condition").asText());
        assertEquals(json("{\"Memory\":1024,\"Other\":128,\"Plain\":{\"Fn::FindInMap\":[\"Sizes\",\"Prod\",\"Memory\"]}}"),
                res.at("/NatA/Properties"));
        assertTrue(error(String.join("\n",
                "Mappings: {Sizes: {Prod: {Memory: 1}}}",
                "Resources:",
                "  Q: {Type: AWS::SQS::Queue, Properties: {M: {Fn::FindInMap: [Sizes, {Ref: AWS::Region}, Memory]}}}")).endsWith(
                "Resources/Q: Fn::FindInMap: Mappings has no Sizes/eu-west-1/Memory and there is no DefaultValue"));
    }

    @Test
    void theTransformLeavesTheTransformListWithTheTransformsThatFollowAndDoesNotChangeItsInput() {
        ObjectNode in = template("Resources:\n  Q: {Type: AWS::SQS::Queue}");
        in.set("Transform", json("[\"AWS::LanguageExtensions\", \"AWS::Serverless-2016-10-31\"]"));
        ObjectNode before = in.deepCopy();
        ObjectNode out = LanguageExtensions.apply(in, Map.of(), "eu-west-1");
        assertEquals(json("[\"AWS::Serverless-2016-10-31\"]"), out.get("Transform"));
        assertEquals(before, in);
        assertTrue(LanguageExtensions.declaredIn(in));
        assertFalse(LanguageExtensions.declaredIn(out));
    }

    @Test
    void malformedLoopsAreRejectedWithAMessageThatNamesTheLoop() {
        assertEquals("AWS::LanguageExtensions: Resources/Fn::ForEach::Topics: Fn::ForEach::Topics must be a list of"
                        + " three: an identifier, a collection and the output (a mapping of keys that contain ${Identifier})",
                error("Resources:\n  Fn::ForEach::Topics: [Id, [a, b]]"));
        assertTrue(error("Resources:\n  Fn::ForEach::Topics: [Id, [a, b], {Topic: {Type: AWS::SNS::Topic}}]")
                .contains("the key 'Topic' contains neither ${Id} nor &{Id}"));
        assertTrue(error("Resources:\n  Fn::ForEach::Topics: [Id, a, {'T${Id}': {Type: AWS::SNS::Topic}}]")
                .contains("the collection must be a list or a Ref to a CommaDelimitedList parameter, got 'a'"));
        assertTrue(error("Resources:\n  Fn::ForEach: [Id, [a], {'T${Id}': {Type: AWS::SNS::Topic}}]")
                .contains("a loop needs a name"));
        assertTrue(error("Resources:\n  Fn::ForEach::T: [[x], [a], {'T${Id}': {Type: AWS::SNS::Topic}}]")
                .contains("the identifier must be a plain name"));
        assertTrue(error("Mappings:\n  M:\n    Fn::ForEach::X: [Id, [a], {'K${Id}': {v: 1}}]\nResources: {}")
                .equals("AWS::LanguageExtensions: Mappings: Fn::ForEach can be used only in the Resources, Conditions and Outputs sections"));
    }

    @Test
    void generatedLogicalIdsThatCollideOrAreNotAlphanumericAreRejected() {
        assertEquals("AWS::LanguageExtensions: Resources/Fn::ForEach::Topics: Fn::ForEach::Topics generates TopicA,"
                        + " which the Resources section already has",
                error("Resources:\n  TopicA: {Type: AWS::SNS::Topic}\n"
                        + "  Fn::ForEach::Topics: [Id, [A, B], {'Topic${Id}': {Type: AWS::SNS::Topic}}]"));
        assertTrue(error("Resources:\n  Fn::ForEach::Topics: [Id, [A, B, A], {'Topic${Id}': {Type: AWS::SNS::Topic}}]")
                .contains("generates TopicA twice"));
        assertTrue(error("Resources:\n  Fn::ForEach::Topics: [Id, [a-b], {'Topic${Id}': {Type: AWS::SNS::Topic}}]")
                .contains("generates the logical id 'Topica-b', which is not alphanumeric (use &{Identifier}"));
        assertTrue(error("Resources:\n  Fn::ForEach::One: [Id, [A], {'T${Id}': {Type: AWS::SNS::Topic}}]\n"
                + "  Fn::ForEach::Two: [Id, [A], {'T${Id}': {Type: AWS::SNS::Topic}}]")
                .contains("Fn::ForEach::Two generates TA, which the Resources section already has"));
    }

    @Test
    void collectionsMustBeKnownBeforeDeploymentAndNotNoEcho() {
        assertTrue(error("Resources:\n  Vpc: {Type: AWS::EC2::VPC}\n"
                + "  Fn::ForEach::T: [Id, {Fn::GetAtt: [Vpc, Ips]}, {'T${Id}': {Type: AWS::SNS::Topic}}]")
                .contains("Fn::ForEach::T: the collection {\"Fn::GetAtt\":[\"Vpc\",\"Ips\"]} cannot be resolved before deployment"));
        assertTrue(error("Resources:\n  Vpc: {Type: AWS::EC2::VPC}\n"
                + "  Fn::ForEach::T: [Id, [a, {Ref: Vpc}], {'T${Id}': {Type: AWS::SNS::Topic}}]")
                .contains("item 1 of the collection, {\"Ref\":\"Vpc\"}, is not known before deployment"));
        assertTrue(error("Parameters:\n  Secret: {Type: CommaDelimitedList, NoEcho: true, Default: 'a'}\nResources:\n"
                + "  Fn::ForEach::T: [Id, {Ref: Secret}, {'T${Id}': {Type: AWS::SNS::Topic}}]")
                .contains("the collection is the NoEcho parameter Secret"));
        assertTrue(error("Parameters:\n  Names: {Type: CommaDelimitedList}\nResources:\n"
                + "  Fn::ForEach::T: [Id, {Ref: Names}, {'T${Id}': {Type: AWS::SNS::Topic}}]")
                .contains("the collection is the parameter Names, which has no value"));
    }

    @Test
    void namesOfLoopsAndIdentifiersMustNotClash() {
        assertTrue(error("Parameters:\n  Id: {Type: String, Default: x}\nResources:\n"
                + "  Fn::ForEach::T: [Id, [a], {'T${Id}': {Type: AWS::SNS::Topic}}]")
                .contains("the identifier Id is also the name of a parameter"));
        assertTrue(error("Resources:\n  Sns: {Type: AWS::SNS::Topic}\n"
                + "  Fn::ForEach::Sns: [Id, [a], {'T${Id}': {Type: AWS::SNS::Topic}}]")
                .contains("the loop name Sns is also the name of a resource"));
        assertTrue(error("Resources:\n  Fn::ForEach::T: [Id, [a], {'T${Id}': {Type: AWS::SNS::Topic}}]\n"
                + "Outputs:\n  Fn::ForEach::T: [Id, [a], {'O${Id}': {Value: x}}]")
                .contains("the loop name T is used twice"));
        assertTrue(error("Resources:\n  Fn::ForEach::Outer: [Same, [a], {Fn::ForEach::Inner: [Same, [b], {'T${Same}': {Type: AWS::SNS::Topic}}]}]")
                .contains("the identifier Same is already the identifier of an enclosing loop"));
    }

    @Test
    void loopsNestDeeperThanCloudFormationAllowsAndTemplatesBeyondItsQuotasAreRejected() {
        StringBuilder loops = new StringBuilder("{'R${I0}${I1}${I2}${I3}${I4}${I5}${I6}': {Type: AWS::SNS::Topic}}");
        for (int i = 6; i >= 0; i--) {
            loops.insert(0, "{Fn::ForEach::L" + i + ": [I" + i + ", [a], ").append("]}");
        }
        assertTrue(error("Resources: " + loops).contains("Fn::ForEach::L6 is nested in more than 5 loops"));
        StringBuilder items = new StringBuilder();
        for (int i = 0; i < 501; i++) {
            items.append(i == 0 ? "" : ", ").append("i").append(i);
        }
        assertEquals("AWS::LanguageExtensions: the processed template has 501 resources; CloudFormation allows at most 500",
                error("Resources:\n  Fn::ForEach::T: [Id, [" + items + "], {'T${Id}': {Type: AWS::SNS::Topic}}]"));
        StringBuilder blowUp = new StringBuilder("{'K${A}${B}${C}${D}': x}");
        for (String id : List.of("D", "C", "B", "A")) {
            blowUp.insert(0, "{Fn::ForEach::" + id + ": [" + id + ", [" + items + "], ").append("]}");
        }
        assertTrue(error("Resources:\n  Q:\n    Type: AWS::SQS::Queue\n    Properties: " + blowUp)
                .contains("the loops generate more than 20000 keys"));
        StringBuilder big = new StringBuilder("[");
        for (int i = 0; i < 5000; i++) {
            big.append(i == 0 ? "" : ", ").append("v");
        }
        assertTrue(error("Resources:\n  Fn::ForEach::T: [Id, [" + items + "], {'T${Id}': {Type: AWS::SNS::Topic,"
                + " Properties: {Fn::ForEach::P: [P, [" + items + "], {'P${P}': " + big + "]}]}}}]")
                .contains("the loops expand to more than 1000000 values"));
    }

    @Test
    void beforeSamInTheTransformListItRunsFirstSoThatSamSeesTheFunctionsALoopGenerates() {
        ObjectNode t = template(String.join("\n",
                "Resources:",
                "  Fn::ForEach::Functions:",
                "    - Name",
                "    - [Orders, Users]",
                "    - ${Name}:",
                "        Type: AWS::Serverless::Function",
                "        DeletionPolicy: {Fn::If: [Never, Retain, Delete]}",
                "        Properties:",
                "          Runtime: python3.12",
                "          Handler: ${Name}.handler",
                "          InlineCode: 'def handler(e, c): pass'",
                "          Tracing: Active",
                "Conditions:",
                "  Never: {Fn::Equals: [a, b]}"));
        t.set("Transform", json("[\"AWS::LanguageExtensions\", \"AWS::Serverless-2016-10-31\"]"));
        JsonNode res = TemplateTransforms.process(t, new TransformOptions("eu-west-1", Map.of(), false)).get("Resources");
        for (String name : List.of("Orders", "Users")) {
            assertEquals("AWS::Lambda::Function", res.at("/" + name + "/Type").asText(), res.toString());
            assertEquals(name + ".handler", res.at("/" + name + "/Properties/Handler").asText());
            assertEquals("Active", res.at("/" + name + "/Properties/TracingConfig/Mode").asText());
            assertEquals("Delete", res.at("/" + name + "/DeletionPolicy").asText());
            assertTrue(res.has(name + "Role"), res.toString());
        }
    }

    @Test
    void arbitraryTemplatesEndInAProcessedTemplateOrTheTransformsOwnErrorNeverAnotherException() {
        java.util.Random random = new java.util.Random(20261201);
        List<String> keys = List.of("Fn::ForEach::L", "Fn::ForEach::M", "Fn::ForEach", "Ref", "Fn::Sub", "Fn::Length",
                "Fn::ToJsonString", "Fn::FindInMap", "Fn::If", "Fn::GetAtt", "Fn::Select", "Fn::Split", "Fn::Join",
                "Fn::Equals", "Condition", "DeletionPolicy", "Type", "T${Id}", "&{Id}x", "Id", "P", "AWS::NoValue");
        int processed = 0;
        for (int i = 0; i < 3000; i++) {
            ObjectNode t = template("Parameters: {P: {Type: CommaDelimitedList, Default: 'a,b'}}\n"
                    + "Mappings: {M: {a: {b: c}}}\nConditions: {C: {Fn::Equals: [a, a]}}");
            for (String section : List.of("Resources", "Conditions", "Outputs")) {
                t.set(section, randomNode(random, keys, 0));
            }
            try {
                LanguageExtensions.apply(t, Map.of(), "eu-west-1");
                processed++;
            } catch (LanguageExtensionsException expected) {
                assertFalse(expected.getMessage().contains("\n"), expected.getMessage());
            }
        }
        assertTrue(processed > 0, "some random templates are valid");
    }

    private static JsonNode randomNode(java.util.Random random, List<String> keys, int depth) {
        com.fasterxml.jackson.databind.node.JsonNodeFactory f = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance;
        int kind = depth > 5 ? random.nextInt(3) : random.nextInt(6);
        switch (kind) {
            case 0:
                return f.textNode(keys.get(random.nextInt(keys.size())));
            case 1:
                return random.nextBoolean() ? f.numberNode(random.nextInt(5)) : f.booleanNode(random.nextBoolean());
            case 2:
                return random.nextBoolean() ? f.nullNode() : f.textNode("${Id}");
            case 3: {
                com.fasterxml.jackson.databind.node.ArrayNode a = f.arrayNode();
                for (int i = random.nextInt(4); i > 0; i--) {
                    a.add(randomNode(random, keys, depth + 1));
                }
                return a;
            }
            default: {
                ObjectNode o = f.objectNode();
                for (int i = random.nextInt(3) + 1; i > 0; i--) {
                    String key = keys.get(random.nextInt(keys.size()));
                    o.set(key, key.startsWith("Fn::ForEach") && random.nextBoolean()
                            ? f.arrayNode().add(random.nextBoolean() ? "Id" : "Other").add(random.nextBoolean()
                            ? f.arrayNode().add("a").add("b-c") : randomNode(random, keys, depth + 1))
                            .add(f.objectNode().set(random.nextBoolean() ? "T${Id}" : "&{Id}x", randomNode(random, keys, depth + 1)))
                            : randomNode(random, keys, depth + 1));
                }
                return o;
            }
        }
    }

    private static List<String> names(JsonNode object) {
        List<String> names = new java.util.ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
