from shared.adapters.http.identity import actor_from_claims, groups


def test_groups_in_every_shape_the_authorizer_sends():
    assert groups(["business"]) == {"business"}
    assert groups("business") == {"business"}
    assert groups("[business official]") == {"business", "official"}
    assert groups("business,official") == {"business", "official"}
    assert groups(None) == set()


def test_actor_needs_a_known_role_and_a_well_formed_org():
    assert actor_from_claims({"cognito:groups": "business", "custom:org": "2048631263", "sub": "s"}).role == "business"
    assert actor_from_claims({"cognito:groups": "official", "custom:org": "11110", "sub": "s"}).org == "11110"
    assert actor_from_claims({"cognito:groups": "business", "custom:org": "11110", "sub": "s"}) is None
    assert actor_from_claims({"cognito:groups": "admin", "custom:org": "2048631263", "sub": "s"}) is None
    assert actor_from_claims({"custom:org": "2048631263"}) is None
    assert actor_from_claims(None) is None


OFFICIALS = "https://cognito-idp.ap-northeast-2.amazonaws.com/ap-northeast-2_officials"
BUSINESSES = "https://cognito-idp.ap-northeast-2.amazonaws.com/ap-northeast-2_businesses"


def test_deciding_roles_come_from_the_officials_pool_only():
    official = {"cognito:groups": "official", "custom:org": "11110", "sub": "s"}
    national = {"cognito:groups": "national", "sub": "s"}
    business = {"cognito:groups": "business", "custom:org": "2048631263", "sub": "s"}
    assert actor_from_claims(official | {"iss": OFFICIALS}, OFFICIALS).role == "official"
    assert actor_from_claims(national | {"iss": OFFICIALS}, OFFICIALS).role == "national"
    # a group named official or national in the businesses' pool (MFA optional) names no role
    assert actor_from_claims(official | {"iss": BUSINESSES}, OFFICIALS) is None
    assert actor_from_claims(national | {"iss": BUSINESSES}, OFFICIALS) is None
    assert actor_from_claims(official, OFFICIALS) is None
    # a business is a business from either pool the authorizer trusts
    assert actor_from_claims(business | {"iss": BUSINESSES}, OFFICIALS).role == "business"
    # without the setting (a stack that names no officials' pool) the groups decide
    assert actor_from_claims(official | {"iss": BUSINESSES}).role == "official"
