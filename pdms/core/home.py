from django.shortcuts import redirect


def home(request):
    """Start where the user works: their organization's page (the tree for administrators)."""
    if request.user.organization_id:
        return redirect("organizations:detail", org_id=request.user.organization_id)
    return redirect("organizations:tree")
