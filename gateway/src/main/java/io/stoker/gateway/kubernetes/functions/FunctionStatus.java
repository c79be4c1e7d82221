package io.stoker.gateway.kubernetes.functions;

/**
 * What the gateway that wrote a {@code Function} records beside its spec: the spec hash its instances are labelled
 * with, the image (by digest when it was pushed), when it was first deployed and last changed, and which gateway pod
 * wrote it. Written with the spec in one update (the CRD has no status subresource), so the two never disagree.
 */
public class FunctionStatus {

    private String specHash;
    private String image;
    private String createdAt;
    private String updatedAt;
    private String writtenBy;

    public String getSpecHash() {
        return specHash;
    }

    public void setSpecHash(String specHash) {
        this.specHash = specHash;
    }

    public String getImage() {
        return image;
    }

    public void setImage(String image) {
        this.image = image;
    }

    public String getCreatedAt() {
        return createdAt;
    }

    public void setCreatedAt(String createdAt) {
        this.createdAt = createdAt;
    }

    public String getUpdatedAt() {
        return updatedAt;
    }

    public void setUpdatedAt(String updatedAt) {
        this.updatedAt = updatedAt;
    }

    public String getWrittenBy() {
        return writtenBy;
    }

    public void setWrittenBy(String writtenBy) {
        this.writtenBy = writtenBy;
    }
}
