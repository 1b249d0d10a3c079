locals {
  node_group_defaults = {
    ami_type = "AL2023_x86_64_STANDARD"
    update_config = {
      max_unavailable_percentage = 33
    }
  }
}

module "eks" {
  source  = "terraform-aws-modules/eks/aws"
  version = "~> 20.0"

  cluster_name    = var.cluster_name
  cluster_version = var.cluster_version

  vpc_id                   = var.vpc_id
  subnet_ids               = var.private_subnet_ids
  control_plane_subnet_ids = var.private_subnet_ids

  cluster_endpoint_private_access = true
  cluster_endpoint_public_access  = var.endpoint_public_access
  # null leaves the attribute to EKS when the public endpoint is off (no drift).
  cluster_endpoint_public_access_cidrs = var.endpoint_public_access ? var.endpoint_public_access_cidrs : null

  enable_irsa = true

  # Access entries only; no aws-auth ConfigMap.
  authentication_mode                      = "API"
  enable_cluster_creator_admin_permissions = true
  access_entries = {
    for i, arn in var.admin_principal_arns : "admin-${i}" => {
      principal_arn = arn
      policy_associations = {
        admin = {
          policy_arn = "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy"
          access_scope = {
            type = "cluster"
          }
        }
      }
    }
  }

  cluster_enabled_log_types              = ["api", "audit", "authenticator"]
  cloudwatch_log_group_retention_in_days = var.log_retention_days

  cluster_addons = {
    coredns = {
      most_recent = true
    }
    kube-proxy = {
      most_recent = true
    }
    vpc-cni = {
      most_recent    = true
      before_compute = true
      # The VPC CNI enforces NetworkPolicy (k8s/base/networkpolicy.yaml) itself.
      configuration_values = jsonencode({
        enableNetworkPolicy = "true"
      })
    }
  }

  eks_managed_node_groups = {
    on_demand = merge(local.node_group_defaults, {
      capacity_type  = "ON_DEMAND"
      instance_types = var.on_demand.instance_types
      min_size       = var.on_demand.min_size
      max_size       = var.on_demand.max_size
      desired_size   = var.on_demand.desired_size
    })

    spot = merge(local.node_group_defaults, {
      capacity_type  = "SPOT"
      instance_types = var.spot.instance_types
      min_size       = var.spot.min_size
      max_size       = var.spot.max_size
      desired_size   = var.spot.desired_size
    })
  }

  tags = var.tags
}

module "load_balancer_controller_irsa" {
  source  = "terraform-aws-modules/iam/aws//modules/iam-role-for-service-accounts-eks"
  version = "~> 5.0"

  role_name                              = "${var.cluster_name}-aws-load-balancer-controller"
  attach_load_balancer_controller_policy = true

  oidc_providers = {
    main = {
      provider_arn               = module.eks.oidc_provider_arn
      namespace_service_accounts = ["kube-system:aws-load-balancer-controller"]
    }
  }

  tags = var.tags
}
