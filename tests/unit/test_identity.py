from shared.api.identity import actor_from_claims, groups


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
