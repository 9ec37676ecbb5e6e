package org.vdpacompute.controller.policy;

/**
 * Whose policy an action follows, and so how its refusal reads: each OpenStack service words its
 * 403 in its own way, and clients and operators search for those words.
 */
public enum PolicyFamily {
  /** Nova. */
  COMPUTE {
    @Override
    String refusal(String policyName) {
      return "Policy doesn't allow " + policyName + " to be performed.";
    }
  },
  /**
   * Neutron, which names the rules it checked: the action's, and with it the attribute's when the
   * refusal is about one attribute ({@code create_port:binding:profile}).
   */
  NETWORK {
    @Override
    String refusal(String policyName) {
      int attribute = policyName.indexOf(':');
      String rules = attribute < 0 ? "rule:" + policyName
          : "(rule:" + policyName.substring(0, attribute) + " and rule:" + policyName + ")";
      return rules + " is disallowed by policy";
    }
  },
  /** Keystone. */
  IDENTITY {
    @Override
    String refusal(String policyName) {
      return "You are not authorized to perform the requested action: " + policyName + ".";
    }
  },
  /** Glance. */
  IMAGE {
    @Override
    String refusal(String policyName) {
      return "You are not authorized to complete " + policyName + " action.";
    }
  };

  abstract String refusal(String policyName);
}
